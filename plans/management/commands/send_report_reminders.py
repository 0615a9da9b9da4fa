import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from plans.progress.services import reports_remind


class Command(BaseCommand):
    help = (
        "E-mail CSD staff about yearly reports due within 14 days or overdue, and list what "
        "is overdue. Safe to run from cron as often as you like: each report gets at most "
        "one reminder per stage (14, 7 and 1 day before, then weekly), so never two a day."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", help="Act as if today were this day (YYYY-MM-DD), e.g. to check a run."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="List what would be sent; send nothing."
        )

    def handle(self, *args, date=None, dry_run=False, **options):
        try:
            today = datetime.date.fromisoformat(date) if date else timezone.localdate()
        except ValueError:
            raise CommandError(f"--date must be YYYY-MM-DD, not {date!r}.") from None
        run = reports_remind(today=today, dry_run=dry_run)
        verb = "Would remind" if dry_run else "Reminded"
        for report, recipients in run.sent:
            self.stdout.write(
                f"{verb}: {report.plan.title} – {report.year} (due {report.due_date:%d. %m. %Y}), "
                f"{recipients} recipient(s)"
            )
        if not run.sent:
            self.stdout.write("No reminders due today.")
        overdue = [
            (report.plan.title, report.year, report.due_date, report.get_status_display())
            for report in run.overdue
        ]
        overdue += [
            (plan.title, year, due, "not opened")
            for plan, year, due in run.not_opened
            if due < today
        ]
        self.stdout.write(f"Overdue reports: {len(overdue)}")
        for title, year, due, status in overdue:
            self.stdout.write(f"  {title} – {year}: due {due:%d. %m. %Y}, {status}")
        for plan, year, due in run.not_opened:
            if due >= today:
                self.stdout.write(f"Not opened yet, due {due:%d. %m. %Y}: {plan.title} – {year}")
