"""A real llama.cpp server process for the tests: llama.cpp's own HTTP server (the code behind
`llama-server`, prebuilt in the `xllamacpp` wheel) on 127.0.0.1, loading a GGUF model file.

    python llamacpp_server.py MODEL.gguf PROMPT_LOG_DIR API_KEY

prints `LISTEN http://127.0.0.1:PORT` (the port the system chose) once it serves, writes every
prompt it renders from a request's messages (through the model's chat template) as a file in
PROMPT_LOG_DIR, and exits when its standard input closes, so it never outlives the test.
"""
from __future__ import annotations

import sys


def main(model: str, prompt_dir: str, key: str) -> None:
    import xllamacpp

    params = xllamacpp.CommonParams()
    params.model.path = model
    params.n_ctx = 16384
    params.n_parallel = 1
    params.port = 0                      # any free port; listening_address says which
    params.warmup = False
    params.sampling.seed = 7             # the same words for the same prompt: no flaky test
    params.endpoint_metrics = True       # tokens predicted: does generation stop on a cancel?
    params.endpoint_slots = True
    params.api_keys = [key]
    params.path_prompts_log_dir = prompt_dir
    params.cpuparams.n_threads = 1       # the tiny model needs no more; the machine is shared
    params.cpuparams_batch.n_threads = 1
    server = xllamacpp.Server(params)
    print("LISTEN", server.listening_address, flush=True)
    sys.stdin.read()


if __name__ == "__main__":
    main(*sys.argv[1:4])
