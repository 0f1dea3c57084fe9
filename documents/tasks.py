from celery import shared_task


@shared_task(name="documents.generate_annual_report")
def generate_annual_report_job(job_id):
    """Generate a queued annual report (documents.services.annual_report_run)."""
    from congresses.models import congress_of, in_congress

    from . import services
    from .models import DocumentJob

    congress = congress_of(DocumentJob, job_id)
    if congress is not None:
        with in_congress(congress):
            services.annual_report_run(job_id=job_id)


@shared_task(name="documents.send_waiting_jobs")
def send_waiting_jobs():
    """Send the jobs asked for while the broker was down (beat runs this every few minutes)."""
    from congresses.models import for_each_congress

    from . import services

    return sum(for_each_congress(lambda _congress: services.annual_report_send_waiting()))
