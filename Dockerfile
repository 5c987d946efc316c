# Descent Lab in one container: docker build -t descent-lab . && docker run -p 8501:8501 descent-lab
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    # a classroom never sees a traceback: errors show their type only
    STREAMLIT_CLIENT_SHOW_ERROR_DETAILS=type

RUN useradd --create-home --uid 10001 descent
WORKDIR /app

COPY requirements.txt .
RUN pip install -r requirements.txt

COPY --chown=descent:descent . .
USER descent

EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4).status != 200)"

CMD ["python", "-m", "streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0"]
