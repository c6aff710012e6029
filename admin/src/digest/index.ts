import MailOutlineIcon from '@mui/icons-material/MailOutline';

export { DigestPage } from './DigestPage';
export const DigestIcon = MailOutlineIcon;
