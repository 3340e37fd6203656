import { NodeQueue } from "../../src/db/node-queue";

/** A promise and the function that settles it, to hold a writer in place. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("NodeQueue", () => {
  it("lets writers at one node in one at a time, in arrival order", async () => {
    const queue = new NodeQueue();
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
    expect(queue.busyIds).toBe(0);
  });

  it("runs writers at different nodes side by side", async () => {
    const queue = new NodeQueue();
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
    const queue = new NodeQueue();
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
    const queue = new NodeQueue();
    const failing = queue.run(["P-1"], () => Promise.reject(new Error("refused")));
    const next = queue.run(["P-1"], async () => "ran");
    await expect(failing).rejects.toThrow("refused");
    await expect(next).resolves.toBe("ran");
    expect(queue.busyIds).toBe(0);
  });
});
