"""One sample passage per language with a checked viseme table: for "try this voice" in the
studio, the tests and the benchmarks."""
from __future__ import annotations

SAMPLE_TEXT: dict[str, str] = {
    "en": "The quick brown fox jumps over the lazy dog. Would you like some orange juice "
          "or water? My father bought a new house near the river.",
    "en-us": "Please tell me what you would like to do this weekend, because the weather "
             "will be lovely. I love to read books in the evening.",
    "ko": "안녕하세요, 반갑습니다. 오늘 날씨가 정말 좋네요. 저는 한국어를 공부하고 있어요.",
    "es": "Hola, ¿cómo estás? Muy bien, gracias. Quiero comer una paella con mi familia.",
    "ja": "こんにちは、はじめまして。わたしのなまえはさくらです。ありがとうございます！",
    "cmn": "你好，很高兴认识你。今天天气很好。我喜欢吃中国菜。",
    "fr": "Bonjour, comment allez-vous? Je m'appelle Marie et j'habite à Paris.",
    "de": "Guten Tag, wie geht es Ihnen? Ich heiße Anna und wohne in Berlin.",
}
