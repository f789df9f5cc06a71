"""Jobs on a job host: the job script, job runners, and job submit/poll/kill.

* :mod:`.job_file` writes a job script (bash) from a :class:`.JobConfig`;
  the script sources ``job.sh`` (installed into ``.service/etc/``), which
  records progress in ``job.status`` and reports with ``cylc message``.
* :mod:`.runners` holds the job runner interface and the built-in runners.
* :mod:`.submit`, :mod:`.poll` and :mod:`.kill` are the batch operations
  behind ``cylc jobs-submit``, ``cylc jobs-poll`` and ``cylc jobs-kill``;
  :mod:`.summary` formats (and parses) the lines they print.
"""
