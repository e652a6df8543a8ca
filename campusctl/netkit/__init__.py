"""Pure, offline helpers for talking to campus switches.

Nothing in this package opens a connection: interface names, VLAN sets,
prompts, pagers, confirmation dialogues, banners and IPv6 addresses are parsed
and rendered here, so drivers, templates and checks share one tested copy of
each vendor rule.
"""
