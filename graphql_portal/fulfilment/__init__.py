"""Fulfilment: the durable jobs an order owes after submit, and the worker that runs them.

`followups` writes an order's jobs in the submit transaction; `queue` claims and settles them;
`worker` runs them: the addendum PDF (`addendum`) is rendered and filed on the customer record,
then the two emails (`mail`, from `templating`'s templates) go out, the submitter's with the
addendum attached, the implementation lead's with a link to it. `status` derives the order's
status from its jobs; `retries` re-queues what failed, for the admin; `downloads` serves filed
attachments. Import from those modules: this package re-exports nothing.
"""
