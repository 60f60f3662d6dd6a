#!/usr/bin/env python3
"""Samples the CPU time of the processes a benchmark runs on this machine, once a second, until killed.

    bench/cpu-sample.py OUT.jsonl SERVICE_PID S3_PID

Each line: {"t": epoch seconds, "g": {group: CPU seconds so far}}, groups service (SERVICE_PID), s3 (S3_PID), load
(the load tool: a java process running UploadLoad or IntakeLoad), pg (every postgres process), other (everything
else: the kernel's own threads, this sampler). CPU seconds are user + system time from /proc/PID/stat, so work
the kernel does for a process (its socket and file copies) counts as that process's. Processes that exit take
their time with them: compare lines within one process's life (a phase of uploads.sh).
"""
import json
import os
import sys
import time

HZ = os.sysconf("SC_CLK_TCK")


def cpu(pid):
    with open(f"/proc/{pid}/stat") as f:
        s = f.read()
    fields = s[s.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / HZ, s[s.index("(") + 1:s.rindex(")")]


def group(pid, comm, service, s3):
    if pid == service:
        return "service"
    if pid == s3:
        return "s3"
    if comm == "postgres":
        return "pg"
    if comm == "java":
        try:
            with open(f"/proc/{pid}/cmdline", "rb") as f:
                cmd = f.read()
            if b"UploadLoad" in cmd or b"IntakeLoad" in cmd:
                return "load"
        except OSError:
            pass
    return "other"


def main():
    out, service, s3 = sys.argv[1], sys.argv[2], sys.argv[3]
    with open(out, "a") as f:
        while True:
            g = {"service": 0.0, "s3": 0.0, "load": 0.0, "pg": 0.0, "other": 0.0}
            for pid in os.listdir("/proc"):
                if not pid.isdigit():
                    continue
                try:
                    seconds, comm = cpu(pid)
                except OSError:
                    continue
                g[group(pid, comm, service, s3)] += seconds
            f.write(json.dumps({"t": time.time(), "g": g}) + "\n")
            f.flush()
            time.sleep(1)


if __name__ == "__main__":
    main()
