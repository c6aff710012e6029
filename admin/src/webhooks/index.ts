import WebhookIcon from '@mui/icons-material/Webhook';
import { lazyScreen } from '../layout/lazyScreen';

const WebhookCreate = lazyScreen(() => import('./WebhookCreate'), 'WebhookCreate');
const WebhookList = lazyScreen(() => import('./WebhookList'), 'WebhookList');
const WebhookShow = lazyScreen(() => import('./WebhookShow'), 'WebhookShow');

/** Admins only: where public changes are POSTed, and what became of each. */
export default {
  icon: WebhookIcon,
  list: WebhookList,
  create: WebhookCreate,
  show: WebhookShow,
  recordRepresentation: 'url',
  options: { label: 'Webhooks' },
};
