"""A tiny Llama model in GGUF, written by the test itself with the `gguf` package — no download.

The weights are chosen, not trained: every layer's projections are zero and every token has
the same embedding, so the hidden state at every position is the same vector and the output
head alone sets one fixed distribution over the next token. That distribution puts all its
weight on a dozen word tokens and the sentence ends `.` `!` `?` (about one token in five ends
a sentence) and none on the end-of-text token, so a real llama.cpp server sampling from it
streams several sentences of word salad until `max_tokens` — what a protocol test needs,
from a model that is loaded, tokenized and evaluated like any other.

The vocabulary is GPT-2 style bytes for printable ASCII (the prompt is tokenized character by
character; other characters are dropped by the tokenizer) plus the word tokens.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

WORDS = ("Hello", "Ġthere", "Ġsky", "Ġblue", "Ġfriend", "Ġis", "Ġthe", "Ġa", "Ġnice", "Ġday", "Ġtea",
         "Ġwarm")
ENDS = (".", "!", "?")
CHAT_TEMPLATE = ("{% for m in messages %}<|{{ m['role'] }}|>\n{{ m['content'] }}\n{% endfor %}"
                 "{% if add_generation_prompt %}<|assistant|>\n{% endif %}")
EMBED, HEADS, FF, LAYERS, CONTEXT = 64, 4, 64, 1, 16384


def _byte_chars() -> dict[int, str]:
    """GPT-2's byte → printable character table (a space is 'Ġ', a newline 'Ċ')."""
    keep = list(range(33, 127)) + list(range(161, 173)) + list(range(174, 256))
    table, n = {}, 0
    for b in range(256):
        if b in keep:
            table[b] = chr(b)
        else:
            table[b] = chr(256 + n)
            n += 1
    return table


def vocabulary() -> tuple[list[str], list[int]]:
    """Tokens and their GGUF types (1 normal, 3 control). llama.cpp wants at least one BPE
    merge: "Ġ t" → "Ġt"."""
    chars = _byte_chars()
    tokens = ["<s>", "</s>"] + [chars[b] for b in [10] + list(range(32, 127))] + ["Ġt"] + list(WORDS)
    types = [3, 3] + [1] * (len(tokens) - 2)
    return tokens, types


def _logits(tokens: list[str]) -> np.ndarray:
    """Words and sentence ends equally likely (one token in five ends a sentence)."""
    out = np.full(len(tokens), -30.0, np.float32)      # never: the end token, single letters
    for i, t in enumerate(tokens):
        if t in WORDS or t in ENDS:
            out[i] = 2.0
    return out


def write_tiny_chat_model(path: str | Path) -> Path:
    import gguf
    path = Path(path)
    tokens, types = vocabulary()
    w = gguf.GGUFWriter(str(path), "llama")
    w.add_name("avatar-studio-test-tiny")
    w.add_context_length(CONTEXT)
    w.add_embedding_length(EMBED)
    w.add_block_count(LAYERS)
    w.add_feed_forward_length(FF)
    w.add_head_count(HEADS)
    w.add_head_count_kv(HEADS)
    w.add_rope_dimension_count(EMBED // HEADS)
    w.add_layer_norm_rms_eps(1e-5)
    w.add_file_type(gguf.LlamaFileType.ALL_F32)
    w.add_tokenizer_model("gpt2")
    w.add_tokenizer_pre("default")
    w.add_token_list(tokens)
    w.add_token_types(types)
    w.add_token_merges(["Ġ t"])
    w.add_bos_token_id(0)
    w.add_eos_token_id(1)
    w.add_add_bos_token(False)
    w.add_chat_template(CHAT_TEMPLATE)
    n = len(tokens)
    w.add_tensor("token_embd.weight", np.ones((n, EMBED), np.float32))
    for i in range(LAYERS):
        for name, shape in (("attn_q", (EMBED, EMBED)), ("attn_k", (EMBED, EMBED)), ("attn_v", (EMBED, EMBED)),
                            ("attn_output", (EMBED, EMBED)), ("ffn_gate", (FF, EMBED)), ("ffn_up", (FF, EMBED)),
                            ("ffn_down", (EMBED, FF))):
            w.add_tensor(f"blk.{i}.{name}.weight", np.zeros(shape, np.float32))
        w.add_tensor(f"blk.{i}.attn_norm.weight", np.ones(EMBED, np.float32))
        w.add_tensor(f"blk.{i}.ffn_norm.weight", np.ones(EMBED, np.float32))
    w.add_tensor("output_norm.weight", np.ones(EMBED, np.float32))
    # hidden state = ones (see the module's docstring), so logit_i = sum of row i
    w.add_tensor("output.weight", np.repeat(_logits(tokens)[:, None] / EMBED, EMBED, axis=1))
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    return path
