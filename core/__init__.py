"""The floor every app of the registry stands on, and which imports none of
them: replica routing, the request log and security events, the client's
address, the request limits, the figure cache, the API's toolkit (paging,
rate limits, errors, tokens, the generic filters and their schema), version
checks on forms and the neutralising of spreadsheet cells."""
