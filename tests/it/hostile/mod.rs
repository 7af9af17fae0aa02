mod remote;
mod secret_flows;
mod secrets;
mod sitemap;
mod slow_servers;
