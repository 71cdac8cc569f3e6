"""Language plumbing shared by the analyses: sentences, words, language guess."""
