"""Services as data: a service is a list of steps that the screens implement once per kind."""
