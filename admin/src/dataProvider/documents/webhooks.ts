// Webhooks (admins only): where public changes are POSTed, and their delivery log. The signing secret
// is asked for only in CreateWebhook: the API gives it in that answer and never again.

/** Every webhook (tens at most), newest first; the API has no query for one, so a page reads them all. */
export const Webhooks = /* GraphQL */ `
query Webhooks {
  webhooks {
    id url kinds description enabled disabledReason disabledAt consecutiveFailures lastSuccessAt lastFailureAt createdAt
  }
}`;

export const CreateWebhook = /* GraphQL */ `
mutation CreateWebhook($input: CreateWebhookInput!) {
  result: createWebhook(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateWebhookSuccess {
      webhook {
        id url kinds description secret enabled disabledReason disabledAt consecutiveFailures lastSuccessAt lastFailureAt createdAt
      }
    }
  }
}`;

export const DisableWebhook = /* GraphQL */ `
mutation DisableWebhook($id: ID!, $reason: String) {
  result: disableWebhook(id: $id, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on DisableWebhookSuccess {
      webhook {
        id url kinds description enabled disabledReason disabledAt consecutiveFailures lastSuccessAt lastFailureAt createdAt
      }
    }
  }
}`;

export const EnableWebhook = /* GraphQL */ `
mutation EnableWebhook($id: ID!) {
  result: enableWebhook(id: $id) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on EnableWebhookSuccess {
      webhook {
        id url kinds description enabled disabledReason disabledAt consecutiveFailures lastSuccessAt lastFailureAt createdAt
      }
    }
  }
}`;

export const DeleteWebhook = /* GraphQL */ `
mutation DeleteWebhook($id: ID!) {
  result: deleteWebhook(id: $id) {
    __typename
    ... on Error { message }
    ... on DeleteWebhookSuccess { deletedId }
  }
}`;

/** One webhook's log, newest first; the API pages only by `first` (at most 200), no cursor. */
export const WebhookDeliveries = /* GraphQL */ `
query WebhookDeliveries($webhook: ID!, $status: WebhookDeliveryStatus, $first: Int) {
  webhookDeliveries(webhook: $webhook, status: $status, first: $first) {
    id messageId status attempts lastStatusCode lastError lastAttemptAt nextAttemptAt deliveredAt latencyMs createdAt
    change { id kind summary at }
  }
}`;
