import { WriteTurns } from "../../src/db/write-turns";

class Busy extends Error {}
const turns = (maxWaitMs = 10_000): WriteTurns => new WriteTurns(maxWaitMs, () => new Busy("busy"));

/** A promise and the function that settles it, to hold a writer in place. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("WriteTurns", () => {
  it("lets writers at one node in one at a time, in arrival order", async () => {
    const queue = turns();
    const order: string[] = [];
    const first = gate();
    const a = queue.run(["P-1"], async () => {
      order.push("a starts");
      await first.opened;
      order.push("a ends");
    });
    const b = queue.run(["P-1"], async () => void order.push("b"));
    const c = queue.run(["P-1", "T-1"], async () => void order.push("c"));
    await tick();
    expect(order).toEqual(["a starts"]);
    first.open();
    await Promise.all([a, b, c]);
    expect(order).toEqual(["a starts", "a ends", "b", "c"]);
    expect(queue.busyNames).toBe(0);
  });

  it("runs writers at different nodes side by side", async () => {
    const queue = turns();
    const held = gate();
    const a = queue.run(["P-1"], () => held.opened);
    let bRan = false;
    await queue.run(["P-2"], async () => {
      bRan = true;
    });
    expect(bRan).toBe(true);
    held.open();
    await a;
  });

  it("takes ids in sorted order, so crossing writers do not wait on each other forever", async () => {
    const queue = turns();
    const done: string[] = [];
    await Promise.all([
      queue.run(["B", "A"], async () => {
        await tick();
        done.push("BA");
      }),
      queue.run(["A", "B"], async () => {
        await tick();
        done.push("AB");
      }),
    ]);
    expect(done).toEqual(["BA", "AB"]);
  });

  it("lets the next writer in when one fails", async () => {
    const queue = turns();
    const failing = queue.run(["P-1"], () => Promise.reject(new Error("refused")));
    const next = queue.run(["P-1"], async () => "ran");
    await expect(failing).rejects.toThrow("refused");
    await expect(next).resolves.toBe("ran");
    expect(queue.busyNames).toBe(0);
  });

  it("gives up with the busy error once the turn has not come within the wait", async () => {
    const queue = turns(30);
    const held = gate();
    const a = queue.run(["T-1"], () => held.opened);
    let ran = false;
    await expect(
      queue.run(["T-1"], async () => {
        ran = true;
      }),
    ).rejects.toBeInstanceOf(Busy);
    expect(ran).toBe(false);
    held.open();
    await a;
    expect(queue.busyNames).toBe(0);
  });

  it("keeps the line whole when a writer in the middle gives up", async () => {
    const queue = turns();
    const order: string[] = [];
    const held = gate();
    const a = queue.run(["T-1"], async () => {
      await held.opened;
      order.push("a");
    });
    const b = queue.run(["T-1"], async () => void order.push("b"), 20);
    const c = queue.run(["T-1"], async () => void order.push("c"));
    await expect(b).rejects.toBeInstanceOf(Busy);
    await tick();
    expect(order).toEqual([]);
    held.open();
    await Promise.all([a, c]);
    expect(order).toEqual(["a", "c"]);
    expect(queue.busyNames).toBe(0);
  });
});
