import PlaylistAddIcon from '@mui/icons-material/PlaylistAdd';

export { BatchEntry } from './BatchEntry';
export const BatchIcon = PlaylistAddIcon;
