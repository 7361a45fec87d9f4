"""Team plans in the admin: superusers only, like saved plans (``selector.admin``)."""

from django.contrib import admin

from selector.admin import SuperuserOnly

from .models import Member, MemberAnswer, Team


class MemberInline(SuperuserOnly, admin.TabularInline):
    model = Member
    extra = 0
    fields = ("display_name", "created_at")
    readonly_fields = ("display_name", "created_at")
    show_change_link = True


class MemberAnswerInline(SuperuserOnly, admin.TabularInline):
    model = MemberAnswer
    extra = 0
    fields = ("question", "value", "comment", "updated_at")
    readonly_fields = fields


@admin.register(Team)
class TeamAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("title", "closes_on", "closed_at", "share_summary", "created_at")
    search_fields = ("title",)
    readonly_fields = (
        "lead_key_hash",
        "join_key_hash",
        "overrides",
        "plan",
        "created_at",
        "updated_at",
    )
    fields = ("title", "closes_on", "closed_at", "share_summary", *readonly_fields)
    inlines = [MemberInline]


@admin.register(Member)
class MemberAdmin(SuperuserOnly, admin.ModelAdmin):
    list_display = ("__str__", "team", "created_at")
    readonly_fields = ("team", "secret_hash", "created_at")
    fields = ("team", "display_name", *readonly_fields[1:])
    inlines = [MemberAnswerInline]
