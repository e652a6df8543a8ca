"""The 人人通 identity realm on Keycloak (pulumi-keycloak)."""
