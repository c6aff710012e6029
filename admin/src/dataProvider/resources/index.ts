import type { ResourceHandler } from '../types';
import { auditEvents } from './auditEvents';
import { benchmarks } from './benchmarks';
import { disagreements } from './disagreements';
import { driftQueue } from '../../evidence/driftQueueHandler';
import { families } from './families';
import { modelFacts } from './modelFacts';
import { models } from './models';
import { prices } from './prices';
import { providers } from './providers';
import { reviews } from './reviews';
import { revisions } from './revisions';
import { scores } from '../../scores/scoresHandler';
import { sources } from './sources';
import { users } from './users';
import { webhooks } from './webhooks';

/** Every resource of the app, by the name `<Resource>` uses. */
export const resources: Record<string, ResourceHandler> = {
  auditEvents,
  benchmarks,
  disagreements,
  driftQueue,
  families,
  modelFacts,
  models,
  prices,
  providers,
  reviews,
  revisions,
  scores,
  sources,
  users,
  webhooks,
};
