"""campusctl: infrastructure as code for Guangdong's education network.

One inventory of schools drives the intended device configurations, the
change engine, the compliance checks, the Ansible inventory, the Pulumi
stacks of 粤教云 and the audit report.
"""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
