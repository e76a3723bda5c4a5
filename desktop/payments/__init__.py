"""The payments workspace: the district's vouchers and its payment exceptions ledger."""
