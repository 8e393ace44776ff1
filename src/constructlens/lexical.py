"""A word-overlap baseline: TF-IDF bag-of-words vectors, saved as a sentence-transformers model
so that every rule encodes and scores it like any other model. How far do shared words alone
group items by construct?"""

import math
import string
from collections import Counter
from pathlib import Path

from .models import saved_atomically

LEXICAL_WEIGHTINGS = ("tfidf",)


def words(text: str) -> list[str]:
    """The words of ``text`` as the model's tokenizer reads them: split at white space,
    punctuation stripped from either end, lower-cased (sentence-transformers' BoW tokenizer,
    given a lower-case vocabulary without stop words)."""
    return [word for word in (token.strip(string.punctuation).lower() for token in text.split()) if word]


def inverse_document_frequencies(vocabulary: list[str], documents: list[str]) -> dict[str, float]:
    """Smoothed IDF of every word, ln((1 + n) / (1 + df)) + 1 over the n ``documents`` (as
    scikit-learn's TfidfVectorizer): a word no document holds gets the largest weight."""
    document_frequency = Counter(word for document in documents for word in set(words(document)))
    n = len(documents)
    return {word: math.log((1 + n) / (1 + document_frequency[word])) + 1 for word in vocabulary}


def tfidf_model(texts: list[str], reference: list[str]):
    """A SentenceTransformer that turns a text into its TF-IDF vector: one dimension per word of
    ``texts`` (every text the model will encode, so none reads as nothing), each occurrence
    weighted by the word's IDF over ``reference`` (the training texts, as a fine-tuned model
    learns from them alone)."""
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import BoW

    vocabulary = sorted({word for text in texts for word in words(text)})
    if not vocabulary:
        raise ValueError("no words to build a word-overlap model from")
    weights = inverse_document_frequencies(vocabulary, reference)
    return SentenceTransformer(
        modules=[BoW(vocabulary, weights, cumulative_term_frequency=True)], device="cpu"
    )


def build_lexical_model(
    weighting: str, texts: list[str], reference: list[str], output_dir: str | Path
) -> int:
    """Build the ``weighting`` model (``LEXICAL_WEIGHTINGS``) and save it to ``output_dir``,
    never half-written; returns its vocabulary size."""
    if weighting not in LEXICAL_WEIGHTINGS:
        raise ValueError(f"unknown lexical model {weighting!r}; known: {', '.join(LEXICAL_WEIGHTINGS)}")
    model = tfidf_model(texts, reference)
    with saved_atomically(Path(output_dir)) as scratch:
        model.save(str(scratch / "model"))
    return model.get_embedding_dimension()
