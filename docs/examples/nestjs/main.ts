import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

/** Starts the HTTP server: `curl -N http://localhost:3000/market/tickers` streams tickers. */
export async function bootstrap(port = 3000): Promise<void> {
  const app = await NestFactory.create(AppModule);
  app.enableShutdownHooks();
  await app.listen(port);
}
