"""The works a methods draft may cite, and the reference list of those it does cite.

A work counts as cited where its first author's name is followed, within a few words and no
parenthesis, by its year: "(Horn, 1965)", "Henseler, Ringle & Sarstedt, 2015" and "Fornell and
Larcker's (1981)" all match."""

import re

REFERENCES = (  # first author as the draft names them, year, the reference (APA style, Markdown)
    (
        "Anderson",
        1988,
        "Anderson, J. C., & Gerbing, D. W. (1988). Structural equation modeling in practice: A review and "
        "recommended two-step approach. *Psychological Bulletin, 103*(3), 411–423.",
    ),
    (
        "Anderson",
        1991,
        "Anderson, J. C., & Gerbing, D. W. (1991). Predicting the performance of measures in a confirmatory "
        "factor analysis with a pretest assessment of their substantive validities. *Journal of Applied "
        "Psychology, 76*(5), 732–740.",
    ),
    (
        "Bentler",
        1990,
        "Bentler, P. M. (1990). Comparative fit indexes in structural models. *Psychological Bulletin, "
        "107*(2), 238–246.",
    ),
    (
        "Brosseau-Liard",
        2012,
        "Brosseau-Liard, P. E., Savalei, V., & Li, L. (2012). An investigation of the sample performance of "
        "two nonnormality corrections for RMSEA. *Multivariate Behavioral Research, 47*(6), 904–930.",
    ),
    (
        "Brosseau-Liard",
        2014,
        "Brosseau-Liard, P. E., & Savalei, V. (2014). Adjusting incremental fit indices for nonnormality. "
        "*Multivariate Behavioral Research, 49*(5), 460–470.",
    ),
    (
        "Browne",
        1984,
        "Browne, M. W. (1984). Asymptotically distribution-free methods for the analysis of covariance "
        "structures. *British Journal of Mathematical and Statistical Psychology, 37*(1), 62–83.",
    ),
    (
        "Colquitt",
        2019,
        "Colquitt, J. A., Sabey, T. B., Rodell, J. B., & Hill, E. T. (2019). Content validation guidelines: "
        "Evaluation criteria for definitional correspondence and definitional distinctiveness. *Journal of "
        "Applied Psychology, 104*(10), 1243–1265.",
    ),
    (
        "Cronbach",
        1951,
        "Cronbach, L. J. (1951). Coefficient alpha and the internal structure of tests. *Psychometrika, 16*(3), "
        "297–334.",
    ),
    (
        "Efron",
        1993,
        "Efron, B., & Tibshirani, R. J. (1993). *An introduction to the bootstrap*. Chapman & Hall.",
    ),
    (
        "Fischer",
        2023,
        "Fischer, T., & Sitkin, S. B. (2023). Leadership styles: A comprehensive assessment and way forward. "
        "*Academy of Management Annals, 17*(1), 331–372.",
    ),
    (
        "Fornell",
        1981,
        "Fornell, C., & Larcker, D. F. (1981). Evaluating structural equation models with unobservable "
        "variables and measurement error. *Journal of Marketing Research, 18*(1), 39–50.",
    ),
    (
        "Gao",
        2021,
        "Gao, L., Zhang, Y., Han, J., & Callan, J. (2021). Scaling deep contrastive learning batch size under "
        "memory limited setup. In *Proceedings of the 6th Workshop on Representation Learning for NLP* "
        "(pp. 316–321).",
    ),
    (
        "Glorfeld",
        1995,
        "Glorfeld, L. W. (1995). An improvement on Horn's parallel analysis methodology for selecting the "
        "correct number of factors to retain. *Educational and Psychological Measurement, 55*(3), 377–393.",
    ),
    (
        "Goldberg",
        2006,
        "Goldberg, L. R., Johnson, J. A., Eber, H. W., Hogan, R., Ashton, M. C., Cloninger, C. R., & Gough, "
        "H. G. (2006). The International Personality Item Pool and the future of public-domain personality "
        "measures. *Journal of Research in Personality, 40*(1), 84–96.",
    ),
    (
        "Hadsell",
        2006,
        "Hadsell, R., Chopra, S., & LeCun, Y. (2006). Dimensionality reduction by learning an invariant "
        "mapping. In *2006 IEEE Conference on Computer Vision and Pattern Recognition* (Vol. 2, "
        "pp. 1735–1742).",
    ),
    (
        "Henderson",
        2017,
        "Henderson, M., Al-Rfou, R., Strope, B., Sung, Y.-H., Lukács, L., Guo, R., Kumar, S., Miklos, B., & "
        "Kurzweil, R. (2017). Efficient natural language response suggestion for smart reply. "
        "*arXiv:1705.00652*.",
    ),
    (
        "Henseler",
        2015,
        "Henseler, J., Ringle, C. M., & Sarstedt, M. (2015). A new criterion for assessing discriminant "
        "validity in variance-based structural equation modeling. *Journal of the Academy of Marketing "
        "Science, 43*(1), 115–135.",
    ),
    (
        "Hermans",
        2017,
        "Hermans, A., Beyer, L., & Leibe, B. (2017). In defense of the triplet loss for person "
        "re-identification. *arXiv:1703.07737*.",
    ),
    (
        "Holm",
        1979,
        "Holm, S. (1979). A simple sequentially rejective multiple test procedure. *Scandinavian Journal of "
        "Statistics, 6*(2), 65–70.",
    ),
    (
        "Horn",
        1965,
        "Horn, J. L. (1965). A rationale and test for the number of factors in factor analysis. "
        "*Psychometrika, 30*(2), 179–185.",
    ),
    (
        "Hu",
        2022,
        "Hu, E. J., Shen, Y., Wallis, P., Allen-Zhu, Z., Li, Y., Wang, S., Wang, L., & Chen, W. (2022). LoRA: "
        "Low-rank adaptation of large language models. In *International Conference on Learning "
        "Representations*.",
    ),
    (
        "Hu",
        1999,
        "Hu, L., & Bentler, P. M. (1999). Cutoff criteria for fit indexes in covariance structure analysis: "
        "Conventional criteria versus new alternatives. *Structural Equation Modeling, 6*(1), 1–55.",
    ),
    (
        "Hubert",
        1985,
        "Hubert, L., & Arabie, P. (1985). Comparing partitions. *Journal of Classification, 2*(1), 193–218.",
    ),
    (
        "Jöreskog",
        1994,
        "Jöreskog, K. G. (1994). On the estimation of polychoric correlations and their asymptotic "
        "covariance matrix. *Psychometrika, 59*(3), 381–389.",
    ),
    (
        "Kline",
        2016,
        "Kline, R. B. (2016). *Principles and practice of structural equation modeling* (4th ed.). "
        "Guilford Press.",
    ),
    (
        "Kusupati",
        2022,
        "Kusupati, A., Bhatt, G., Rege, A., Wallingford, M., Sinha, A., Ramanujan, V., Howard-Snyder, W., "
        "Chen, K., Kakade, S., Jain, P., & Farhadi, A. (2022). Matryoshka representation learning. In "
        "*Advances in Neural Information Processing Systems* (Vol. 35).",
    ),
    (
        "Mantel",
        1967,
        "Mantel, N. (1967). The detection of disease clustering and a generalized regression approach. "
        "*Cancer Research, 27*(2), 209–220.",
    ),
    (
        "McDonald",
        1999,
        "McDonald, R. P. (1999). *Test theory: A unified treatment*. Lawrence Erlbaum.",
    ),
    (
        "Olsson",
        1979,
        "Olsson, U. (1979). Maximum likelihood estimation of the polychoric correlation coefficient. "
        "*Psychometrika, 44*(4), 443–460.",
    ),
    (
        "Reimers",
        2019,
        "Reimers, N., & Gurevych, I. (2019). Sentence-BERT: Sentence embeddings using Siamese BERT-networks. "
        "In *Proceedings of the 2019 Conference on Empirical Methods in Natural Language Processing and the "
        "9th International Joint Conference on Natural Language Processing* (pp. 3982–3992).",
    ),
    (
        "Rice",
        2005,
        "Rice, M. E., & Harris, G. T. (2005). Comparing effect sizes in follow-up studies: ROC area, Cohen's "
        "d, and r. *Law and Human Behavior, 29*(5), 615–620.",
    ),
    (
        "Rönkkö",
        2022,
        "Rönkkö, M., & Cho, E. (2022). An updated guideline for assessing discriminant validity. "
        "*Organizational Research Methods, 25*(1), 6–47.",
    ),
    (
        "Satorra",
        1994,
        "Satorra, A., & Bentler, P. M. (1994). Corrections to test statistics and standard errors in "
        "covariance structure analysis. In A. von Eye & C. C. Clogg (Eds.), *Latent variables analysis: "
        "Applications for developmental research* (pp. 399–419). Sage.",
    ),
    (
        "Satorra",
        2010,
        "Satorra, A., & Bentler, P. M. (2010). Ensuring positiveness of the scaled difference chi-square test "
        "statistic. *Psychometrika, 75*(2), 243–248.",
    ),
    (
        "Schroff",
        2015,
        "Schroff, F., Kalenichenko, D., & Philbin, J. (2015). FaceNet: A unified embedding for face "
        "recognition and clustering. In *2015 IEEE Conference on Computer Vision and Pattern Recognition* "
        "(pp. 815–823).",
    ),
    (
        "Solatorio",
        2024,
        "Solatorio, A. V. (2024). GISTEmbed: Guided in-sample selection of training negatives for text "
        "embedding fine-tuning. *arXiv:2402.16829*.",
    ),
    (
        "Steiger",
        1990,
        "Steiger, J. H. (1990). Structural model evaluation and modification: An interval estimation "
        "approach. *Multivariate Behavioral Research, 25*(2), 173–180.",
    ),
    (
        "Tucker",
        1973,
        "Tucker, L. R., & Lewis, C. (1973). A reliability coefficient for maximum likelihood factor "
        "analysis. *Psychometrika, 38*(1), 1–10.",
    ),
    (
        "Vinh",
        2010,
        "Vinh, N. X., Epps, J., & Bailey, J. (2010). Information theoretic measures for clusterings "
        "comparison: Variants, properties, normalization and correction for chance. *Journal of Machine "
        "Learning Research, 11*, 2837–2854.",
    ),
    (
        "Wang",
        2021,
        "Wang, K., Reimers, N., & Gurevych, I. (2021). TSDAE: Using transformer-based sequential denoising "
        "auto-encoder for unsupervised sentence embedding learning. In *Findings of the Association for "
        "Computational Linguistics: EMNLP 2021* (pp. 671–688).",
    ),
    (
        "Wortsman",
        2022,
        "Wortsman, M., Ilharco, G., Kim, J. W., Li, M., Kornblith, S., Roelofs, R., Gontijo Lopes, R., "
        "Hajishirzi, H., Farhadi, A., Namkoong, H., & Schmidt, L. (2022). Robust fine-tuning of zero-shot "
        "models. In *Proceedings of the IEEE/CVF Conference on Computer Vision and Pattern Recognition* "
        "(pp. 7959–7971).",
    ),
)


def cited(text: str) -> list[str]:
    """The references of the works ``text`` cites, in the order of ``REFERENCES`` (alphabetical)."""
    return [
        reference
        for author, year, reference in REFERENCES
        if re.search(rf"\b{author}\b[^()]{{0,60}}\(?{year}\b", text)
    ]


def references_paragraph(text: str) -> str:
    """A reference list of the works ``text`` cites; empty where it cites none."""
    works = cited(text)
    return "**References.**\n\n" + "\n".join(f"- {work}" for work in works) if works else ""
