# Descent Lab in one container: docker build -t descent-lab . && docker run -p 8501:8501 descent-lab
# For a classroom, run it with a memory limit and a restart policy (deploy/compose.yaml, or
# docker run -d --init --restart unless-stopped --memory 1g --memory-swap 1g -p 8501:8501 descent-lab).
# Settings (headless, no file watcher, cache ceiling, errors shown without tracebacks) live in
# .streamlit/config.toml, which is copied with the code, so Docker, `make run` and Community Cloud
# serve the same app.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN useradd --create-home --uid 10001 descent
WORKDIR /app

# dependencies first: a code change reuses this layer
COPY requirements.txt .
RUN pip install -r requirements.txt

# the code stays owned by root: the server process can read it but not change it
COPY . .
USER descent

EXPOSE 8501
# marks the container unhealthy when the server stops answering; Docker itself does not restart an
# unhealthy container (a Kubernetes livenessProbe or deploy/compose.yaml's autoheal service does)
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
