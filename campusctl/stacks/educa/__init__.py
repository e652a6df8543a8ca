"""The provincial education certificate authority (pulumi-tls)."""
