import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { getOperationAST } from 'graphql';

/** What a request turned out to be, once Yoga has parsed it (read by the deadline's 503). */
export interface OperationTrack {
  kind?: 'query' | 'mutation' | 'subscription';
}

/** A mutation's outcome cannot be known when its answer is "the service/database is unavailable". */
export const unknownOutcomeMessage = 'the change may or may not have been saved: re-read before retrying.';

/**
 * Notes each request's operation type in its server context's `operation` (read by the deadline's 503
 * in server/http/app.ts), and marks a mutation's SERVICE_UNAVAILABLE errors `outcome: 'UNKNOWN'`: the connection can
 * drop while COMMIT is on its way or its reply is, and the client cannot tell which from here.
 */
export function operationTrackPlugin(): Plugin<Record<string, unknown>, { operation?: OperationTrack }> {
  return {
    onExecute({ args }) {
      const track = (args.contextValue as { operation?: OperationTrack }).operation;
      const operation = getOperationAST(args.document, args.operationName);
      if (track && operation) track.kind = operation.operation;
    },
    onResultProcess({ result, setResult, serverContext }) {
      if (serverContext.operation?.kind !== 'mutation' || Array.isArray(result) || !('errors' in result) || !result.errors?.length) return;
      let changed = false;
      const errors = result.errors.map((error) => {
        if (error.extensions?.code !== 'SERVICE_UNAVAILABLE' || error.extensions.outcome) return error;
        changed = true;
        return createGraphQLError(`${error.message.replace(/[.;:]?\s*$/, '')}; ${unknownOutcomeMessage}`, {
          path: error.path,
          extensions: { ...error.extensions, outcome: 'UNKNOWN' },
        });
      });
      if (changed) setResult({ ...result, errors });
    },
  };
}
