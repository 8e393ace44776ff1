"""The word-overlap baseline: TF-IDF vectors as scikit-learn computes them, saved as a
sentence-transformers model that loads and encodes like any other."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from constructlens.embeddings import encode_texts
from constructlens.lexical import build_lexical_model, inverse_document_frequencies, words
from constructlens.models import load_model

REFERENCE = ["Often feel blue.", "Feel comfortable around people.", "Don't like to draw attention to myself."]
TEXTS = [*REFERENCE, "Am the life of the party.", "Rarely feel blue (if ever)."]


def test_words_are_read_as_the_tokenizer_reads_them():
    assert words("Don't (often) feel BLUE -- ever.") == ["don't", "often", "feel", "blue", "ever"]


def test_inverse_document_frequencies_are_scikit_learns():
    vectorizer = TfidfVectorizer(tokenizer=words, lowercase=False, token_pattern=None).fit(REFERENCE)
    ours = inverse_document_frequencies(list(vectorizer.vocabulary_), REFERENCE)
    for word, column in vectorizer.vocabulary_.items():
        assert ours[word] == pytest.approx(vectorizer.idf_[column])
    unseen = inverse_document_frequencies(["party"], REFERENCE)["party"]
    assert unseen == pytest.approx(np.log(4 / 1) + 1) and unseen > max(vectorizer.idf_)


@pytest.fixture(scope="module")
def lexical_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("lexical") / "tfidf"
    assert build_lexical_model("tfidf", TEXTS, REFERENCE, folder) == len({w for t in TEXTS for w in words(t)})
    assert not folder.with_name("tfidf.partial").exists()
    return folder


def test_the_saved_model_encodes_texts_as_their_tfidf_vectors(lexical_folder):
    vectors = encode_texts(load_model(str(lexical_folder), "cpu"), TEXTS)
    vocabulary = sorted({w for t in TEXTS for w in words(t)})
    idf = inverse_document_frequencies(vocabulary, REFERENCE)
    expected = np.array([[words(t).count(w) * idf[w] for w in vocabulary] for t in TEXTS])
    expected /= np.linalg.norm(expected, axis=1, keepdims=True)
    np.testing.assert_allclose(vectors, expected, rtol=1e-6, atol=1e-7)
    similarity = vectors @ vectors.T
    assert similarity[0, 3] == 0  # no word in common
    assert similarity[0, 4] > similarity[0, 1] > 0  # "feel blue" shared beats "feel" alone


def test_a_text_of_words_the_model_lacks_is_an_error_not_a_nan(lexical_folder):
    with pytest.raises(ValueError, match=r"reads 1 text\(s\) as nothing, e.g. 'Quixotic zeal'"):
        encode_texts(load_model(str(lexical_folder), "cpu"), ["Often feel blue.", "Quixotic zeal"])


def test_an_unknown_weighting_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown lexical model 'bm25'; known: tfidf"):
        build_lexical_model("bm25", TEXTS, REFERENCE, tmp_path / "bm25")
    assert not (tmp_path / "bm25").exists()
