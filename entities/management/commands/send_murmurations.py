from django.core.management.base import BaseCommand

from entities.murmurations import index


class Command(BaseCommand):
    help = (
        "Tell the Murmurations index (MURMURATIONS_INDEX_URL) what is still to be told: "
        "the profiles of entities published or changed, and those withdrawn or deleted, "
        "that could not be sent when it happened. Run it every few minutes; a notice the "
        "index refused or could not take is tried again later, after a growing delay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Also send the notices whose next try is not due yet.",
        )
        parser.add_argument(
            "--queue-published",
            action="store_true",
            help="First queue a notice for every published entity (when the index is first set).",
        )

    def handle(self, *args, **options):
        if not index.enabled():
            self.stdout.write("MURMURATIONS_INDEX_URL is not set: nothing to send.")
            return
        if options["queue_published"]:
            queued = index.queue_published()
            self.stdout.write(f"{queued} published entities queued.")
        result = index.send(due_only=not options["all"])
        waiting = index.MurmurationsNotice.objects.count()
        message = f"{result.sent} sent; {result.failed} failed; {waiting} waiting."
        if result.stopped:
            message += " The index could not be reached: the rest wait for the next run."
        style = self.style.WARNING if result.failed else self.style.SUCCESS
        self.stdout.write(style(message))
