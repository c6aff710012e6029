// The catalog: providers, model families, benchmarks and models. Each type has the same four mutations
// (create; update, publish and retire with the version the editor saw), written out in full.

// Providers: tens of rows, returned whole.

export const Providers = /* GraphQL */ `
query Providers($publication: [PublicationState!]) {
  providers(publication: $publication) {
    id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
  }
}`;

export const ProviderNode = /* GraphQL */ `
query ProviderNode($id: ID!) {
  node(id: $id) {
    id
    ... on Provider {
      id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
    }
  }
}`;

export const ProviderNodes = /* GraphQL */ `
query ProviderNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Provider {
      id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
    }
  }
}`;

export const CreateProvider = /* GraphQL */ `
mutation CreateProvider($input: CreateProviderInput!) {
  result: createProvider(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateProviderSuccess {
      provider {
        id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
      }
    }
  }
}`;

export const UpdateProvider = /* GraphQL */ `
mutation UpdateProvider($id: ID!, $expectedVersion: Int!, $patch: UpdateProviderInput!) {
  result: updateProvider(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateProviderSuccess {
      provider {
        id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
      }
    }
  }
}`;

export const PublishProvider = /* GraphQL */ `
mutation PublishProvider($id: ID!, $expectedVersion: Int!) {
  result: publishProvider(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on PublishProviderSuccess {
      provider {
        id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
      }
    }
  }
}`;

export const RetireProvider = /* GraphQL */ `
mutation RetireProvider($id: ID!, $expectedVersion: Int!, $reason: String) {
  result: retireProvider(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireProviderSuccess {
      provider {
        id slug name website docsUrl publication version api { baseUrl apiKeyEnv npmPackage pythonPackage }
      }
    }
  }
}`;

// Families: tens of rows, returned whole.

export const Families = /* GraphQL */ `
query Families($publication: [PublicationState!]) {
  families(publication: $publication) {
    id slug name description publication version provider { id name slug }
  }
}`;

export const FamilyNode = /* GraphQL */ `
query FamilyNode($id: ID!) {
  node(id: $id) {
    id
    ... on ModelFamily {
      id slug name description publication version provider { id name slug }
    }
  }
}`;

export const FamilyNodes = /* GraphQL */ `
query FamilyNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on ModelFamily {
      id slug name description publication version provider { id name slug }
    }
  }
}`;

export const CreateFamily = /* GraphQL */ `
mutation CreateFamily($input: CreateFamilyInput!) {
  result: createFamily(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateFamilySuccess {
      family {
        id slug name description publication version provider { id name slug }
      }
    }
  }
}`;

export const UpdateFamily = /* GraphQL */ `
mutation UpdateFamily($id: ID!, $expectedVersion: Int!, $patch: UpdateFamilyInput!) {
  result: updateFamily(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateFamilySuccess {
      family {
        id slug name description publication version provider { id name slug }
      }
    }
  }
}`;

export const PublishFamily = /* GraphQL */ `
mutation PublishFamily($id: ID!, $expectedVersion: Int!) {
  result: publishFamily(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on PublishFamilySuccess {
      family {
        id slug name description publication version provider { id name slug }
      }
    }
  }
}`;

export const RetireFamily = /* GraphQL */ `
mutation RetireFamily($id: ID!, $expectedVersion: Int!, $reason: String) {
  result: retireFamily(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireFamilySuccess {
      family {
        id slug name description publication version provider { id name slug }
      }
    }
  }
}`;

// Benchmarks: tens of rows, returned whole.

export const Benchmarks = /* GraphQL */ `
query Benchmarks($publication: [PublicationState!]) {
  benchmarks(publication: $publication) {
    id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
  }
}`;

export const BenchmarkNode = /* GraphQL */ `
query BenchmarkNode($id: ID!) {
  node(id: $id) {
    id
    ... on Benchmark {
      id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
    }
  }
}`;

export const BenchmarkNodes = /* GraphQL */ `
query BenchmarkNodes($ids: [ID!]!) {
  nodes(ids: $ids) {
    id
    ... on Benchmark {
      id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
    }
  }
}`;

export const CreateBenchmark = /* GraphQL */ `
mutation CreateBenchmark($input: CreateBenchmarkInput!) {
  result: createBenchmark(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateBenchmarkSuccess {
      benchmark {
        id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
      }
    }
  }
}`;

export const UpdateBenchmark = /* GraphQL */ `
mutation UpdateBenchmark($id: ID!, $expectedVersion: Int!, $patch: UpdateBenchmarkInput!) {
  result: updateBenchmark(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateBenchmarkSuccess {
      benchmark {
        id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
      }
    }
  }
}`;

export const PublishBenchmark = /* GraphQL */ `
mutation PublishBenchmark($id: ID!, $expectedVersion: Int!) {
  result: publishBenchmark(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on PublishBenchmarkSuccess {
      benchmark {
        id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
      }
    }
  }
}`;

export const RetireBenchmark = /* GraphQL */ `
mutation RetireBenchmark($id: ID!, $expectedVersion: Int!, $reason: String) {
  result: retireBenchmark(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireBenchmarkSuccess {
      benchmark {
        id slug name category description unit scaleMin scaleMax higherIsBetter homepage publishedScoreCount publication version
      }
    }
  }
}`;

// Models: paged, filtered and sorted by the API.

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

/** The same list, asking only for the cursors of pages skipped over. */
export const ModelCursors = /* GraphQL */ `
query ModelCursors($first: Int, $after: String, $filter: ModelFilter, $orderBy: ModelOrder, $publication: [PublicationState!]) {
  models(first: $first, after: $after, filter: $filter, orderBy: $orderBy, publication: $publication) { totalCount pageInfo { hasNextPage endCursor } }
}`;

export const ModelNode = /* GraphQL */ `
query ModelNode($id: ID!) {
  node(id: $id) {
    id
    ... on Model {
      id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
      provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
      releaseDate { value citation { locator retrievedAt source { id url title kind linkStatus } } }
      knowledgeCutoff { value citation { locator retrievedAt source { id url title kind linkStatus } } }
      contextWindow { value citation { locator retrievedAt source { id url title kind linkStatus } } }
      maxOutputTokens { value citation { locator retrievedAt source { id url title kind linkStatus } } }
      factEntries { id fact value status enteredBy { email } }
    }
  }
}`;

/** Models referenced from lists (a score’s model…): their names only. */
export const ModelNodes = /* GraphQL */ `
query ModelNodes($ids: [ID!]!) { nodes(ids: $ids) { id ... on Model { id slug name provider { id name } } } }`;

export const CreateModel = /* GraphQL */ `
mutation CreateModel($input: CreateModelInput!) {
  result: createModel(input: $input) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on Error { message }
    ... on CreateModelSuccess {
      model {
        id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
        provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
        releaseDate { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        knowledgeCutoff { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        contextWindow { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        maxOutputTokens { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        factEntries { id fact value status enteredBy { email } }
      }
    }
  }
}`;

export const UpdateModel = /* GraphQL */ `
mutation UpdateModel($id: ID!, $expectedVersion: Int!, $patch: UpdateModelInput!) {
  result: updateModel(id: $id, expectedVersion: $expectedVersion, patch: $patch) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on UpdateModelSuccess {
      model {
        id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
        provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
        releaseDate { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        knowledgeCutoff { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        contextWindow { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        maxOutputTokens { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        factEntries { id fact value status enteredBy { email } }
      }
    }
  }
}`;

export const PublishModel = /* GraphQL */ `
mutation PublishModel($id: ID!, $expectedVersion: Int!) {
  result: publishModel(id: $id, expectedVersion: $expectedVersion) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on PublishModelSuccess {
      model {
        id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
        provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
        releaseDate { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        knowledgeCutoff { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        contextWindow { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        maxOutputTokens { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        factEntries { id fact value status enteredBy { email } }
      }
    }
  }
}`;

export const RetireModel = /* GraphQL */ `
mutation RetireModel($id: ID!, $expectedVersion: Int!, $reason: String) {
  result: retireModel(id: $id, expectedVersion: $expectedVersion, reason: $reason) {
    __typename
    ... on ValidationError { message fieldErrors { path message } }
    ... on ConflictError { message currentVersion changedBy changedAt }
    ... on Error { message }
    ... on RetireModelSuccess {
      model {
        id slug name tagline about status apiModelId strengths weaknesses updatedAt publication version
        provider { id name slug } family { id name slug } license { name openWeights } modalities { input output }
        releaseDate { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        knowledgeCutoff { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        contextWindow { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        maxOutputTokens { value citation { locator retrievedAt source { id url title kind linkStatus } } }
        factEntries { id fact value status enteredBy { email } }
      }
    }
  }
}`;

/** The editor API names models, benchmarks, providers and families by slug in its inputs; the forms pick them by global ID. */
export const Slugs = /* GraphQL */ `
query Slugs($ids: [ID!]!) {
  nodes(ids: $ids) { id ... on Model { slug } ... on Benchmark { slug } ... on Provider { slug } ... on ModelFamily { slug } }
}`;
