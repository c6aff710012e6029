import MailOutlineIcon from '@mui/icons-material/MailOutline';

// The page itself loads when opened (App.tsx imports ./DigestPage lazily); the menu needs only the icon.
export const DigestIcon = MailOutlineIcon;
