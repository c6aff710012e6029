import { describe, expect, it } from 'vitest';
import { estimateCost } from '../../server/domain/cost.ts';
import { buildFaq } from '../../server/domain/faq.ts';
import { formatPartialDate, formatTokens, formatUsd } from '../../server/domain/format.ts';
import { renderSnippet } from '../../server/domain/snippet.ts';

const o4mini = {
  name: 'o4-mini',
  providerName: 'OpenAI',
  inputUsdPerMillion: 1.1,
  outputUsdPerMillion: 4.4,
  contextWindow: 200_000,
  maxOutputTokens: 100_000,
  openWeights: false,
  licenseName: 'Proprietary',
  priceSource: { vendor: true, publisher: 'OpenAI' },
  releaseDate: '2025-04-16',
  knowledgeCutoff: '2024-05',
};

describe('cost estimate', () => {
  it('prices 1M input and 1M output tokens of o4-mini at $5.50', () => {
    expect(estimateCost({ inputUsdPerMillion: 1.1, outputUsdPerMillion: 4.4 }, 1_000_000, 1_000_000)).toBe(5.5);
  });
  it('is unknown when a needed price is not published, but not when it is not needed', () => {
    expect(estimateCost({ inputUsdPerMillion: 1.1, outputUsdPerMillion: null }, 1000, 10)).toBeNull();
    expect(estimateCost({ inputUsdPerMillion: 1.1, outputUsdPerMillion: null }, 1000, 0)).toBe(0.0011);
  });
  it('refuses negative token counts', () => {
    expect(() => estimateCost({ inputUsdPerMillion: 1, outputUsdPerMillion: 1 }, -1, 0)).toThrow(RangeError);
  });
});

describe('FAQ', () => {
  it('answers the five questions from the sourced facts', () => {
    const faq = buildFaq(o4mini);
    expect(faq.map((entry) => entry.question)).toEqual([
      'How much does o4-mini cost?',
      'What is the context window of o4-mini?',
      'Is o4-mini open source?',
      'When was o4-mini released?',
      'What is the knowledge cutoff of o4-mini?',
    ]);
    expect(faq[0]!.answer).toBe('o4-mini costs $1.10 per 1M input tokens and $4.40 per 1M output tokens, as published by OpenAI.');
    expect(faq[1]!.answer).toContain('200K tokens (200,000)');
    expect(faq[2]!.answer).toMatch(/^No\. o4-mini is a proprietary model/);
    expect(faq[3]!.answer).toBe('OpenAI released o4-mini on Apr 16, 2025.');
    expect(faq[4]!.answer).toContain('May 2024');
  });
  it('leaves out what is not sourced rather than guessing', () => {
    const faq = buildFaq({ ...o4mini, inputUsdPerMillion: null, outputUsdPerMillion: null, releaseDate: null, knowledgeCutoff: null, contextWindow: null });
    expect(faq.map((entry) => entry.question)).toEqual(['Is o4-mini open source?']);
  });
  it('says where the price comes from when it is not the provider, and keeps a date at its precision', () => {
    const faq = buildFaq({ ...o4mini, priceSource: { vendor: false, publisher: 'models.dev' }, releaseDate: '2025-04' });
    expect(faq[0]!.answer).toBe('o4-mini costs $1.10 per 1M input tokens and $4.40 per 1M output tokens, as listed by models.dev.');
    expect(faq[3]!.answer).toBe('OpenAI released o4-mini in Apr 2025.');
  });
  it('says yes for open weights, naming the licence', () => {
    expect(buildFaq({ ...o4mini, openWeights: true, licenseName: 'Apache 2.0' })[2]!.answer).toContain('Apache 2.0');
  });
});

describe('snippets', () => {
  const facts = { apiModelId: 'o4-mini', baseUrl: 'https://api.openai.com/v1', apiKeyEnv: 'OPENAI_API_KEY' };
  it('TypeScript uses the model id, base URL and key variable', () => {
    const code = renderSnippet('TYPESCRIPT', facts)!;
    expect(code).toContain('model: "o4-mini"');
    expect(code).toContain('baseURL: "https://api.openai.com/v1"');
    expect(code).toContain('process.env.OPENAI_API_KEY');
  });
  it('Python reads the key from the environment', () => {
    expect(renderSnippet('PYTHON', facts)).toContain('api_key=os.environ["OPENAI_API_KEY"]');
  });
  it('curl posts to the chat completions endpoint', () => {
    const code = renderSnippet('CURL', facts)!;
    expect(code).toContain('curl https://api.openai.com/v1/chat/completions');
    expect(code).toContain('$OPENAI_API_KEY');
  });
  it('is absent when the provider has no known endpoint', () => {
    expect(renderSnippet('CURL', { ...facts, baseUrl: null })).toBeNull();
  });
});

describe('formatting', () => {
  it('formats dates to the precision the source gives', () => {
    expect(formatPartialDate('2025-04-16')).toBe('Apr 16, 2025');
    expect(formatPartialDate('2024-05')).toBe('May 2024');
    expect(formatPartialDate('2024')).toBe('2024');
  });
  it('formats token counts and prices', () => {
    expect(formatTokens(200_000)).toBe('200K');
    expect(formatTokens(1_048_576)).toBe('1M');
    expect(formatTokens(32_768)).toBe('32.8K');
    expect(formatUsd(1.1)).toBe('$1.10');
    expect(formatUsd(0.275)).toBe('$0.275');
  });
});
