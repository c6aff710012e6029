import { builder } from './builder.ts';

builder.queryFields((t) => ({
  methodology: t.string({
    description: 'The editorial methodology the public site prints under every benchmark table.',
    resolve: async (_parent, _args, ctx) => (await ctx.meta.text('methodology')) ?? '',
  }),
}));
