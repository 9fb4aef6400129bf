"""A reference GRPO loop whose rewards come from Assay (needs torch: ``pip install 'assay-client[reference]'``).

A small decoder-only transformer is trained from scratch on generated word problems: first on
worked solutions (mostly computed by hand, a few with a Python call), then with GRPO, where each
```python block it closes runs in Assay's sandbox (``/v1/python/run``) and each group of responses
is graded and turned into advantages by ``/v1/groups``. Run ``python -m assay_client.reference --help``.
"""
