# gdb -batch -x scripts/trace-call.py VMLINUX, against a guest started with
# QEMU's gdb stub (-s -S; scripts/trace-call.sh does both): stops at the
# SKIP+1-th call of FUNC (after the PRESKIP+1-th call of PRE, if set), then
# single-steps that one call until it returns and writes the address of
# every instruction executed to OUT, one per line (interrupts stay masked
# while QEMU single-steps).  Environment: FUNC, SKIP, PRE, PRESKIP, OUT.
import os

import gdb

func = os.environ["FUNC"]
skip = int(os.environ.get("SKIP", "0"))
pre = os.environ.get("PRE")
out = os.environ["OUT"]
gdb.execute("set pagination off")
gdb.execute("target remote :1234")
if pre:
    gdb.execute(f"hbreak {pre}")
    gdb.execute(f"ignore $bpnum {os.environ.get('PRESKIP', '0')}")
    gdb.execute("continue")
    gdb.execute("delete")
gdb.execute(f"hbreak {func}")
gdb.execute(f"ignore $bpnum {skip}")
gdb.execute("continue")
gdb.execute("delete")
sp0 = int(gdb.parse_and_eval("$sp"))
ret = int(gdb.parse_and_eval("*(unsigned long *)$sp"))
pcs = []
while len(pcs) < 1000000:
    pc = int(gdb.parse_and_eval("$pc"))
    if pc == ret and int(gdb.parse_and_eval("$sp")) > sp0:
        break
    pcs.append(pc)
    gdb.execute("stepi", to_string=True)
with open(out, "w") as f:
    f.writelines(f"{pc:x}\n" for pc in pcs)
gdb.execute("kill")
