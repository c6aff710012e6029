import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { siteTexts } from '../../db/schema/index.ts';
import { expectedVersion, parseInput, text } from '../catalog/inputs.ts';
import { proposeSiteText } from '../catalog/revisions.ts';
import { write } from '../catalog/write.ts';
import { builder } from './builder.ts';
import { payload } from './payload.ts';
import { revisableWriteErrors } from './revision.ts';

// The methodology text the public site prints (site_texts): read by everyone, edited by reviewers
// through a revision a second person approves.

builder.queryField('methodology', (t) =>
  t.string({
    description: 'The editorial methodology the public site prints under every benchmark table.',
    resolve: async (_parent, _args, ctx) => (await ctx.meta.text('methodology')) ?? '',
  }),
);

const SiteText = builder.objectRef<typeof siteTexts.$inferSelect>('SiteText').implement({
  description: 'An editable text of the public site, with its version for safe editing.',
  fields: (t) => ({
    key: t.exposeString('key'),
    body: t.exposeString('body'),
    version: t.exposeInt('version'),
    updatedAt: t.field({ type: 'DateTime', resolve: (text) => new Date(text.updatedAt) }),
  }),
});

builder.queryField('methodologyText', (t) =>
  t.field({
    type: SiteText,
    nullable: true,
    description: 'The methodology with its version, for editing. Signed-in editors only.',
    authScopes: { editor: true },
    resolve: async (_root, _args, ctx) => (await ctx.db.select().from(siteTexts).where(eq(siteTexts.key, 'methodology')))[0] ?? null,
  }),
);

builder.mutationField('updateMethodology', (t) =>
  t.field({
    type: payload('UpdateMethodologySuccess', 'methodology', SiteText),
    description:
      'Proposes a new methodology text (markdown). It is public, so the answer is RevisionPending: another reviewer approves it (approveRevision). Reviewers and admins.',
    authScopes: { reviewer: true },
    errors: { types: revisableWriteErrors, directResult: true },
    args: { body: t.arg.string({ required: true }), expectedVersion: t.arg.int({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { body, version } = parseInput(z.object({ body: text(50_000), version: expectedVersion }), {
        body: args.body,
        version: args.expectedVersion,
      });
      return (await write(ctx, (w) => proposeSiteText(w, 'methodology', version, body))) as never;
    },
  }),
);
