export const snippetLanguages = ['TYPESCRIPT', 'PYTHON', 'CURL'] as const;
export type SnippetLanguage = (typeof snippetLanguages)[number];

export interface ApiFacts {
  apiModelId: string;
  baseUrl: string | null;
  apiKeyEnv: string | null;
}

const defaultKeyEnv = 'API_KEY';

/** A word the shell reads as written: as is when it holds only URL characters the shell leaves alone, else single-quoted. */
const shellWord = (word: string) => (/^[\w.~:/@+,=%-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`);

/**
 * A minimal chat call in the given language. Every provider here serves an OpenAI-compatible chat
 * completions endpoint at its base URL, so one client shape fits all; the model id, base URL and
 * key variable come from the provider's and model's API facts.
 */
export function renderSnippet(language: SnippetLanguage, facts: ApiFacts): string | null {
  // Without a base URL we would have to guess the endpoint; say nothing rather than something wrong.
  if (!facts.baseUrl) return null;
  const keyEnv = facts.apiKeyEnv ?? defaultKeyEnv;
  const model = JSON.stringify(facts.apiModelId);
  switch (language) {
    case 'TYPESCRIPT': {
      const baseUrl = `\n  baseURL: ${JSON.stringify(facts.baseUrl)},`;
      return `import OpenAI from "openai";

const client = new OpenAI({${baseUrl}
  apiKey: process.env.${keyEnv},
});

const response = await client.chat.completions.create({
  model: ${model},
  messages: [{ role: "user", content: "Hello!" }],
});

console.log(response.choices[0].message.content);
`;
    }
    case 'PYTHON': {
      const baseUrl = `\n    base_url=${JSON.stringify(facts.baseUrl)},`;
      return `import os
from openai import OpenAI

client = OpenAI(${baseUrl}
    api_key=os.environ[${JSON.stringify(keyEnv)}],
)

response = client.chat.completions.create(
    model=${model},
    messages=[{"role": "user", "content": "Hello!"}],
)

print(response.choices[0].message.content)
`;
    }
    case 'CURL': {
      const baseUrl = facts.baseUrl.replace(/\/+$/, '');
      const body = JSON.stringify({ model: facts.apiModelId, messages: [{ role: 'user', content: 'Hello!' }] });
      return `curl ${shellWord(`${baseUrl}/chat/completions`)} \\
  -H "Authorization: Bearer $${keyEnv}" \\
  -H "Content-Type: application/json" \\
  -d '${body.replace(/'/g, "'\\''")}'
`;
    }
  }
}
