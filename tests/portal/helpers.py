from recommendations.choices import ReportStatus
from recommendations.models import ProgressReport
from recommendations.services import report_accept, report_create, report_return, report_submit


def make_report(world, department, status=ReportStatus.DRAFT, narrative=None, is_final=False):
    """A report of `department` on world.task, moved to `status` through the services."""
    author = {world.police.pk: world.police_user, world.bank.pk: world.bank_user}[department.pk]
    report = report_create(
        actor=author,
        task=world.task,
        department=department,
        narrative=narrative or f"{department.name}的{status}报告",
        is_final=is_final,
    )
    if status != ReportStatus.DRAFT:
        report = report_submit(actor=author, report=report)
    if status == ReportStatus.RETURNED:
        report = report_return(actor=world.staff, report=report, note="请补充")
    if status == ReportStatus.ACCEPTED:
        report = report_accept(actor=world.staff, report=report)
    return ProgressReport.objects.get(pk=report.pk)
