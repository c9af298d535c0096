from tests.committee_report.conftest import demo

__all__ = ["demo"]
