"""Welfare technology (velferdsteknologi): inbound alarms and measurements, the response
queue (responssenter), and alarm status back to the alarm central over the outbox."""
