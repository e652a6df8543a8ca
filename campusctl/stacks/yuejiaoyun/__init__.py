"""The 粤教云 provincial data center on OpenStack."""
