import {
  confirm,
  ExpiredLinkError,
  InvalidLinkError,
  subscribe,
  TooManySignUpsError,
  unsubscribe,
  UsedLinkError,
} from '../digest/subscribers.ts';
import { ValidationError } from '../errors.ts';
import { builder } from './builder.ts';
import { ErrorInterface } from './errors.ts';

// Subscribing to the weekly digest (public, no sign-in): subscribe, confirmSubscription, unsubscribe
// (server/digest/subscribers.ts). The links in the emails open the pages of server/http/mailLinks.ts,
// which call the same functions. No answer names an address.
//
// Inputs are checked in the resolvers (a ValidationError in the result union, which the contract's
// `... on Error { message }` reads), not with the validation plugin, whose failures are top-level errors.

builder.objectType(InvalidLinkError, {
  name: 'InvalidLinkError',
  description: 'No subscription has this link: it was not made here, or (a confirmation link) it was used already.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof InvalidLinkError,
});

builder.objectType(ExpiredLinkError, {
  name: 'ExpiredLinkError',
  description: 'The confirmation link is more than 48 hours old: subscribe again to get a new one.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof ExpiredLinkError,
});

builder.objectType(UsedLinkError, {
  name: 'UsedLinkError',
  description: 'The unsubscribe link was used already: the address is unsubscribed (and erased).',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof UsedLinkError,
});

builder.objectType(TooManySignUpsError, {
  name: 'TooManySignUpsError',
  description: 'Too many sign-ups from this client address (10 in 10 minutes): wait before trying again.',
  interfaces: [ErrorInterface],
  isTypeOf: (value) => value instanceof TooManySignUpsError,
  fields: (t) => ({ retryAfterSeconds: t.exposeInt('retryAfterSeconds') }),
});

const SubscribeSuccess = builder.objectRef<{ message: string }>('SubscribeSuccess').implement({
  description: 'The same answer whether the address is new, waiting, confirmed or unsubscribed: it reveals nothing.',
  fields: (t) => ({ message: t.exposeString('message') }),
});

const ConfirmSubscriptionSuccess = builder.objectRef<{ message: string; confirmedAt: string }>('ConfirmSubscriptionSuccess').implement({
  description: 'The subscription is confirmed: the digest is sent to it from the next issue on.',
  fields: (t) => ({
    message: t.exposeString('message'),
    confirmedAt: t.field({ type: 'DateTime', resolve: (result) => new Date(result.confirmedAt) }),
  }),
});

const UnsubscribeSuccess = builder.objectRef<{ message: string; unsubscribedAt: string }>('UnsubscribeSuccess').implement({
  description: 'The subscription ended: its address was erased and its unsent emails dropped.',
  fields: (t) => ({
    message: t.exposeString('message'),
    unsubscribedAt: t.field({ type: 'DateTime', resolve: (result) => new Date(result.unsubscribedAt) }),
  }),
});

builder.mutationFields((t) => ({
  subscribe: t.field({
    type: SubscribeSuccess,
    description:
      'Signs an address up for the weekly digest (double opt-in): a confirmation link is emailed (valid 48 hours, at most 3 a day per address); nothing else is sent until it is confirmed. The answer is the same for every address.',
    errors: { types: [ValidationError, TooManySignUpsError], directResult: true },
    args: { email: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => subscribe(ctx.db, args.email, ctx.auth.ip, { log: ctx.log, requestId: ctx.requestId }),
  }),
  confirmSubscription: t.field({
    type: ConfirmSubscriptionSuccess,
    description: 'Confirms a subscription with the token of its confirmation link (single use, valid 48 hours).',
    errors: { types: [ValidationError, InvalidLinkError, ExpiredLinkError], directResult: true },
    args: { token: t.arg.string({ required: true, description: 'The `token` parameter of the confirmation link.' }) },
    resolve: (_root, args, ctx) => confirm(ctx.db, args.token, { log: ctx.log, requestId: ctx.requestId }),
  }),
  unsubscribe: t.field({
    type: UnsubscribeSuccess,
    description: 'Ends a subscription with the token of the unsubscribe link every email carries; the address is erased.',
    errors: { types: [ValidationError, InvalidLinkError, UsedLinkError], directResult: true },
    args: { token: t.arg.string({ required: true, description: 'The `token` parameter of the unsubscribe link.' }) },
    resolve: (_root, args, ctx) => unsubscribe(ctx.db, args.token, { log: ctx.log, requestId: ctx.requestId }),
  }),
}));
