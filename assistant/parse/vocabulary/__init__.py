"""The offline parser's vocabulary: names from the model and the data, loose and misspelt matches, Chinese word cuts."""
