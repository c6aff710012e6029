import { decodeGlobalID, encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import type { auditEvents } from '../../db/schema/index.ts';
import { isReviewer } from '../auth/viewer.ts';
import { claimKinds, type ClaimKind } from '../catalog/claimKinds.ts';
import type { Context } from '../context.ts';
import { NotAuthorizedError, ValidationError } from '../errors.ts';
import { builder } from './builder.ts';

/**
 * One entry of the append-only audit trail. Reviewers and admins read all of it; an editor reads the
 * history of a score, price or model fact they entered, through auditEvents(entityId:) only (node()
 * hides audit events from editors: server/catalog/visibility.ts).
 */
export const AuditEvent = builder.drizzleNode('auditEvents', {
  name: 'AuditEvent',
  description: 'A change: who made it, when, to what, and which fields went from what to what.',
  id: { column: (event) => event.id },
  authScopes: { editor: true },
  fields: (t) => ({
    action: t.exposeString('action', { description: 'CREATE, UPDATE, SUBMIT, VERIFY, REJECT, RETIRE, PUBLISH, LOGIN, LOGOUT…' }),
    entityType: t.exposeString('entityType'),
    entityId: t.id({
      description: 'Global ID of the changed entity (pass it to node() or to auditEvents(entityId:)).',
      select: { columns: { entityType: true, entityId: true } },
      resolve: (event) => encodeGlobalID(event.entityType, event.entityId),
    }),
    at: t.field({ type: 'DateTime', select: { columns: { at: true } }, resolve: (event) => new Date(event.at) }),
    actor: t.relation('actor', { nullable: true, description: 'Null for changes made by the system (first start, command-line tools).' }),
    diff: t.field({
      type: 'JSON',
      description: 'The changed fields: `{ field: { before, after } }`.',
      select: { columns: { diff: true } },
      resolve: (event) => event.diff,
    }),
    requestId: t.exposeString('requestId', { nullable: true, description: 'Matches the x-request-id of the change and the server log.' }),
  }),
});

builder.queryFields((t) => ({
  auditEvents: t.drizzleConnection({
    type: 'auditEvents',
    description:
      'The audit trail, newest first; filter by entity, actor or action. Reviewers and admins; an editor only with the entityId of a score, price or model fact they entered (its history).',
    authScopes: { editor: true },
    args: {
      entityId: t.arg.id({ description: 'Global ID of an entity (Score, Model, User…).' }),
      actorId: t.arg.id({ description: 'Global ID of a User.' }),
      action: t.arg.string({ description: 'Events of this action only (CREATE, UPDATE, VERIFY…); see also `actions`.' }),
      actions: t.arg.stringList({ description: 'Events of any of these actions (with `action` too, an event must match both); an empty list matches none.' }),
      entityType: t.arg.string({ description: 'Events of one type of entity: Model, Score, Source, User…' }),
      actorEmail: t.arg.string({ description: 'Events by the users whose email contains this text (case-insensitive), e.g. "eddie" or "@sourced.test".' }),
    },
    resolve: async (query, _parent, args, ctx) => {
      const entity = args.entityId != null ? auditedEntity('entityId', String(args.entityId)) : undefined;
      if (!isReviewer(ctx.viewer) && !(entity && (await enteredByViewer(ctx, entity)))) {
        throw new NotAuthorizedError('The audit trail is open to reviewers and admins; editors read the history of the numbers they entered.');
      }
      const actor = args.actorId != null ? auditedEntity('actorId', String(args.actorId)) : undefined;
      const where = (table: typeof auditEvents): SQL => {
        const conditions: SQL[] = [];
        if (entity !== undefined) {
          conditions.push(entity ? and(eq(table.entityType, entity.typename), eq(table.entityId, entity.id))! : sql`false`);
        }
        if (actor !== undefined) {
          conditions.push(actor?.typename === 'User' && /^\d{1,9}$/.test(actor.id) ? eq(table.actorId, Number(actor.id)) : sql`false`);
        }
        if (args.action) conditions.push(eq(table.action, args.action));
        if (args.actions) conditions.push(args.actions.length ? inArray(table.action, args.actions) : sql`false`);
        if (args.entityType) conditions.push(eq(table.entityType, args.entityType));
        const email = args.actorEmail?.trim();
        if (email) conditions.push(sql`${table.actorId} in (select id from users where email ilike ${`%${likeEscaped(email)}%`} escape '\\')`);
        return conditions.length ? and(...conditions)! : sql`true`;
      };
      return ctx.db.query.auditEvents.findMany(query({ where: { RAW: where }, orderBy: { id: 'desc' } }));
    },
  }),
}));

/** Text matched literally by LIKE: its wildcards `%`, `_` and the escape character `\` escaped. */
export function likeEscaped(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

/** Whether the entity is a score, price or model fact the signed-in person entered. */
async function enteredByViewer(ctx: Context, entity: { typename: string; id: string }): Promise<boolean> {
  if (!ctx.viewer || !Object.hasOwn(claimKinds, entity.typename)) return false;
  const { table } = claimKinds[entity.typename as ClaimKind];
  const [row] = await (ctx.db.select({ createdById: table.createdById }).from(table) as any).where(eq(table.id, Number(entity.id))).limit(1);
  return row?.createdById === ctx.viewer.id;
}

/**
 * The type and row id of a global ID given to filter the trail by. Every audited entity has a numeric
 * row id: an id that does not decode, or decodes to control characters (PostgreSQL text cannot hold
 * NUL) or to a row id that is not a number, is the client's mistake, answered as such rather than
 * sent to the database.
 */
function auditedEntity(argument: string, globalId: string): { typename: string; id: string } {
  let decoded: { typename: string; id: string } | null;
  try {
    decoded = decodeGlobalID(globalId);
  } catch {
    decoded = null;
  }
  if (!decoded || !/^[A-Za-z]{1,40}$/.test(decoded.typename) || !/^[1-9]\d{0,17}$/.test(decoded.id)) {
    throw ValidationError.field(argument, `"${globalId.slice(0, 60)}" is not an id of this API.`);
  }
  return decoded;
}
