"""Real concurrency for tests: writers on threads of their own, each with its own database connection."""

import threading

from django.db import connection


def run_together(action, argument_lists) -> list:
    """Call ``action(*arguments)`` in one thread per argument list, all released at once; results in order.

    The test must commit for real (``django_db(transaction=True)``): inside a test transaction nothing races.
    """
    barrier = threading.Barrier(len(argument_lists))
    results, errors = [None] * len(argument_lists), []

    def worker(index, arguments):
        try:
            barrier.wait(timeout=30)
            results[index] = action(*arguments)
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)
        finally:
            connection.close()  # each thread opened its own connection

    threads = [threading.Thread(target=worker, args=(index, arguments)) for index, arguments in enumerate(argument_lists)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a writer is stuck (deadlock?)"
    assert errors == []
    return results
