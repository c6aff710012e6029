/**
 * `read()` again (every 20 ms, at most 500 times: room for a busy machine) until `done` holds, then its last value: for what
 * follows a write asynchronously, like the response cache hearing of a change through NOTIFY.
 */
export async function until<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 500; attempt++) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return read();
}
