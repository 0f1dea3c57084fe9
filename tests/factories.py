"""factory_boy factories for the domain. Status fields are left at their defaults: tests move
them through the services, as the application does."""

import datetime

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from congresses.models import Congress, current_congress, default_congress
from recommendations import models
from recommendations.choices import DepartmentKind, IndicatorDirection, RecommendationStatus, TopicForm


class CongressFactory(DjangoModelFactory):
    """A county congress under the default (city) one, unless told otherwise."""

    class Meta:
        model = Congress
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"county-{n}")
    level = Congress.Level.COUNTY
    parent = factory.LazyFunction(default_congress)
    name = factory.Sequence(lambda n: f"测试{n}县人民代表大会常务委员会")
    short_name = factory.Sequence(lambda n: f"测试{n}县人大常委会")
    government_name = factory.Sequence(lambda n: f"测试{n}县人民政府")
    voting_members = 25


class DepartmentFactory(DjangoModelFactory):
    class Meta:
        model = models.Department
        django_get_or_create = ("congress", "code")

    congress = factory.LazyFunction(current_congress)
    code = factory.Sequence(lambda n: f"dept-{n}")
    name = factory.Sequence(lambda n: f"测试部门{n}")
    kind = DepartmentKind.GOVERNMENT


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    password = factory.django.Password("pw")
    congress = factory.LazyFunction(current_congress)


class StaffFactory(UserFactory):
    """Committee staff as they are: not superusers, with the committee staff group's rights."""

    is_committee_staff = True
    is_staff = True

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def committee_staff_group(self, create, extracted, **kwargs):
        if create:
            from accounts.services import committee_staff_group

            self.groups.add(committee_staff_group())


class SuperuserFactory(UserFactory):
    """A platform administrator: of no congress."""

    is_staff = True
    is_superuser = True
    congress = None


class MemberFactory(UserFactory):
    is_committee_member = True


class LiaisonFactory(UserFactory):
    is_department_liaison = True
    department = factory.SubFactory(DepartmentFactory)
    congress = factory.LazyAttribute(
        lambda liaison: liaison.department.congress if liaison.department else current_congress()
    )


class TopicFactory(DjangoModelFactory):
    class Meta:
        model = models.OversightTopic

    code = factory.Sequence(lambda n: f"2022-T{n}")
    year = 2022
    title = factory.Sequence(lambda n: f"监督议题{n}")
    form = TopicForm.WORK_REPORT
    responsible_office = factory.SubFactory(DepartmentFactory, kind=DepartmentKind.COMMITTEE_OFFICE)
    is_published = True


class InspectionFactory(DjangoModelFactory):
    class Meta:
        model = models.Inspection

    topic = factory.SubFactory(TopicFactory)
    title = "视察调查"
    started_on = datetime.date(2022, 3, 14)


class FindingFactory(DjangoModelFactory):
    class Meta:
        model = models.Finding

    topic = factory.SubFactory(TopicFactory)
    code = factory.Sequence(lambda n: f"F-{n}")
    number = factory.Sequence(lambda n: n + 1)
    category = "技术"
    title = factory.Sequence(lambda n: f"问题{n}")


class RecommendationFactory(DjangoModelFactory):
    class Meta:
        model = models.Recommendation

    topic = factory.SubFactory(TopicFactory)
    code = factory.Sequence(lambda n: f"2022-REC-{n:03d}")
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"审议意见{n}")
    body = "强化技术反制,全面提升打击能力。"
    is_published = True


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = models.Task

    # Tasks exist only on issued recommendations (the database refuses one on a draft).
    recommendation = factory.SubFactory(
        RecommendationFactory,
        status=RecommendationStatus.ISSUED,
        issued_at=datetime.datetime(2022, 5, 18, 9, tzinfo=datetime.UTC),
    )
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"任务{n}")
    lead_department = factory.SubFactory(DepartmentFactory)
    assigned_on = datetime.date(2022, 5, 20)
    due_original = datetime.date(2022, 7, 31)
    due_date = datetime.date(2022, 7, 31)


class IndicatorFactory(DjangoModelFactory):
    class Meta:
        model = models.Indicator

    topic = factory.SubFactory(TopicFactory)
    name = factory.Sequence(lambda n: f"指标{n}")
    unit = "起"
    direction = IndicatorDirection.LOWER_IS_BETTER


class ProgressReportFactory(DjangoModelFactory):
    class Meta:
        model = models.ProgressReport

    task = factory.SubFactory(TaskFactory)
    department = factory.SelfAttribute("task.lead_department")
    narrative = "已完成部署。"
    author = factory.SubFactory(UserFactory)
