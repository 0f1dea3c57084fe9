from celery import shared_task


@shared_task(name="documents.generate_annual_report")
def generate_annual_report_job(job_id):
    """Generate a queued annual report (documents.services.annual_report_run)."""
    from . import services

    services.annual_report_run(job_id=job_id)
