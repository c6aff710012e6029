// The catalog: providers, model families, benchmarks and models. Each type has the same four
// mutations (create, update with the version the editor saw, publish, retire), written out in full.
import { CitationFields, Conflict, Refusal } from './fragments.ts';

export const ProviderFields = /* GraphQL */ `
fragment ProviderFields on Provider { id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage } }`;

export const FamilyFields = /* GraphQL */ `
fragment FamilyFields on ModelFamily { id slug name description publication version provider { id name slug } }`;

export const BenchmarkFields = /* GraphQL */ `
fragment BenchmarkFields on Benchmark {
  id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
}`;

export const ModelFields = /* GraphQL */ `
fragment ModelFields on Model {
  id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
  provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
  releaseDate { value citation { ...CitationFields } } knowledgeCutoff { value citation { ...CitationFields } }
  contextWindow { value citation { ...CitationFields } } maxOutputTokens { value citation { ...CitationFields } }
  factEntries { id fact value status enteredBy { email } }
}`;

// Lists. Providers, families and benchmarks are tens of rows: the API returns them whole.

export const Providers = /* GraphQL */ `
query Providers($publication: [PublicationState!]) { providers(publication: $publication) { ...ProviderFields } }
${ProviderFields}`;

export const Families = /* GraphQL */ `
query Families($publication: [PublicationState!]) { families(publication: $publication) { ...FamilyFields } }
${FamilyFields}`;

export const Benchmarks = /* GraphQL */ `
query Benchmarks($publication: [PublicationState!]) { benchmarks(publication: $publication) { ...BenchmarkFields } }
${BenchmarkFields}`;

export const Models = /* GraphQL */ `
query Models($first: Int, $after: String, $filter: ModelFilter, $orderBy: ModelOrder, $publication: [PublicationState!]) {
  models(first: $first, after: $after, filter: $filter, orderBy: $orderBy, publication: $publication) {
    totalCount pageInfo { hasNextPage endCursor }
    edges {
      node {
        id slug name status publication updatedAt provider { id name } family { id name }
        releaseDate { value } contextWindow { value } prices { kind tierMinTokens usdPerMillionTokens }
      }
    }
  }
}`;

/** Models, asking only for the cursors of pages skipped over. */
export const ModelCursors = /* GraphQL */ `
query ModelCursors($first: Int, $after: String, $filter: ModelFilter, $orderBy: ModelOrder, $publication: [PublicationState!]) {
  models(first: $first, after: $after, filter: $filter, orderBy: $orderBy, publication: $publication) { totalCount pageInfo { hasNextPage endCursor } }
}`;

// One record by global ID (null when hidden or missing), and several at once (references in lists).

export const ProviderNode = /* GraphQL */ `
query ProviderNode($id: ID!) { node(id: $id) { id ... on Provider { ...ProviderFields } } }
${ProviderFields}`;

export const ProviderNodes = /* GraphQL */ `
query ProviderNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Provider { ...ProviderFields } } }
${ProviderFields}`;

export const FamilyNode = /* GraphQL */ `
query FamilyNode($id: ID!) { node(id: $id) { id ... on ModelFamily { ...FamilyFields } } }
${FamilyFields}`;

export const FamilyNodes = /* GraphQL */ `
query FamilyNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on ModelFamily { ...FamilyFields } } }
${FamilyFields}`;

export const BenchmarkNode = /* GraphQL */ `
query BenchmarkNode($id: ID!) { node(id: $id) { id ... on Benchmark { ...BenchmarkFields } } }
${BenchmarkFields}`;

export const BenchmarkNodes = /* GraphQL */ `
query BenchmarkNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Benchmark { ...BenchmarkFields } } }
${BenchmarkFields}`;

export const ModelNode = /* GraphQL */ `
query ModelNode($id: ID!) { node(id: $id) { id ... on Model { ...ModelFields } } }
${ModelFields}${CitationFields}`;

/** Models referenced from lists (a score's model…): their names only. */
export const ModelNodes = /* GraphQL */ `
query ModelNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Model { id slug name provider { id name } } } }`;

/**
 * The editor API names models, benchmarks, providers and families by slug in its inputs; the forms
 * pick them by global ID.
 */
export const Slugs = /* GraphQL */ `
query Slugs($ids: [ID!]!) { nodes(ids: $ids) { id ... on Model { slug } ... on Benchmark { slug } ... on Provider { slug } ... on ModelFamily { slug } } }`;

// Provider

export const CreateProvider = /* GraphQL */ `
mutation CreateProvider($input: CreateProviderInput!) {
  result: createProvider(input: $input) {
    __typename ...Refusal
    ... on CreateProviderSuccess { provider { ...ProviderFields } }
  }
}
${Refusal}${ProviderFields}`;

export const UpdateProvider = /* GraphQL */ `
mutation UpdateProvider($id: ID!, $expectedVersion: Int!, $patch: UpdateProviderInput!) {
  result: updateProvider(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateProviderSuccess { provider { ...ProviderFields } }
  }
}
${Refusal}${Conflict}${ProviderFields}`;

export const PublishProvider = /* GraphQL */ `
mutation PublishProvider($id: ID!, $expectedVersion: Int!) {
  result: publishProvider(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on PublishProviderSuccess { provider { ...ProviderFields } }
  }
}
${Refusal}${Conflict}${ProviderFields}`;

export const RetireProvider = /* GraphQL */ `
mutation RetireProvider($id: ID!, $expectedVersion: Int!) {
  result: retireProvider(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on RetireProviderSuccess { provider { ...ProviderFields } }
  }
}
${Refusal}${Conflict}${ProviderFields}`;

// Family

export const CreateFamily = /* GraphQL */ `
mutation CreateFamily($input: CreateFamilyInput!) {
  result: createFamily(input: $input) {
    __typename ...Refusal
    ... on CreateFamilySuccess { family { ...FamilyFields } }
  }
}
${Refusal}${FamilyFields}`;

export const UpdateFamily = /* GraphQL */ `
mutation UpdateFamily($id: ID!, $expectedVersion: Int!, $patch: UpdateFamilyInput!) {
  result: updateFamily(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateFamilySuccess { family { ...FamilyFields } }
  }
}
${Refusal}${Conflict}${FamilyFields}`;

export const PublishFamily = /* GraphQL */ `
mutation PublishFamily($id: ID!, $expectedVersion: Int!) {
  result: publishFamily(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on PublishFamilySuccess { family { ...FamilyFields } }
  }
}
${Refusal}${Conflict}${FamilyFields}`;

export const RetireFamily = /* GraphQL */ `
mutation RetireFamily($id: ID!, $expectedVersion: Int!) {
  result: retireFamily(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on RetireFamilySuccess { family { ...FamilyFields } }
  }
}
${Refusal}${Conflict}${FamilyFields}`;

// Benchmark

export const CreateBenchmark = /* GraphQL */ `
mutation CreateBenchmark($input: CreateBenchmarkInput!) {
  result: createBenchmark(input: $input) {
    __typename ...Refusal
    ... on CreateBenchmarkSuccess { benchmark { ...BenchmarkFields } }
  }
}
${Refusal}${BenchmarkFields}`;

export const UpdateBenchmark = /* GraphQL */ `
mutation UpdateBenchmark($id: ID!, $expectedVersion: Int!, $patch: UpdateBenchmarkInput!) {
  result: updateBenchmark(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateBenchmarkSuccess { benchmark { ...BenchmarkFields } }
  }
}
${Refusal}${Conflict}${BenchmarkFields}`;

export const PublishBenchmark = /* GraphQL */ `
mutation PublishBenchmark($id: ID!, $expectedVersion: Int!) {
  result: publishBenchmark(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on PublishBenchmarkSuccess { benchmark { ...BenchmarkFields } }
  }
}
${Refusal}${Conflict}${BenchmarkFields}`;

export const RetireBenchmark = /* GraphQL */ `
mutation RetireBenchmark($id: ID!, $expectedVersion: Int!) {
  result: retireBenchmark(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on RetireBenchmarkSuccess { benchmark { ...BenchmarkFields } }
  }
}
${Refusal}${Conflict}${BenchmarkFields}`;

// Model

export const CreateModel = /* GraphQL */ `
mutation CreateModel($input: CreateModelInput!) {
  result: createModel(input: $input) {
    __typename ...Refusal
    ... on CreateModelSuccess { model { ...ModelFields } }
  }
}
${Refusal}${ModelFields}${CitationFields}`;

export const UpdateModel = /* GraphQL */ `
mutation UpdateModel($id: ID!, $expectedVersion: Int!, $patch: UpdateModelInput!) {
  result: updateModel(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename ...Refusal ...Conflict
    ... on UpdateModelSuccess { model { ...ModelFields } }
  }
}
${Refusal}${Conflict}${ModelFields}${CitationFields}`;

export const PublishModel = /* GraphQL */ `
mutation PublishModel($id: ID!, $expectedVersion: Int!) {
  result: publishModel(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on PublishModelSuccess { model { ...ModelFields } }
  }
}
${Refusal}${Conflict}${ModelFields}${CitationFields}`;

export const RetireModel = /* GraphQL */ `
mutation RetireModel($id: ID!, $expectedVersion: Int!) {
  result: retireModel(id: $id, expectedVersion: $expectedVersion) {
    __typename ...Refusal ...Conflict
    ... on RetireModelSuccess { model { ...ModelFields } }
  }
}
${Refusal}${Conflict}${ModelFields}${CitationFields}`;
