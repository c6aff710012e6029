import WebhookIcon from '@mui/icons-material/Webhook';
import { WebhookCreate } from './WebhookCreate';
import { WebhookList } from './WebhookList';
import { WebhookShow } from './WebhookShow';

/** Admins only: where public changes are POSTed, and what became of each. */
export default {
  icon: WebhookIcon,
  list: WebhookList,
  create: WebhookCreate,
  show: WebhookShow,
  recordRepresentation: 'url',
  options: { label: 'Webhooks' },
};
