import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';

// The screen itself (./BatchEntry) loads when first opened (App.tsx): only the menu's icon is here.
export const BatchIcon = PlaylistAddIcon;
