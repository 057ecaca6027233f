// The function app: Flex Consumption (FC1), .NET 10 isolated worker, one user-assigned identity.
param planName string
param appName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
@description('Blob container URL (no trailing slash) Flex Consumption deploys the app package to.')
param deploymentContainerUrl string
@description('Flex Consumption scale-out limit.')
param maximumInstanceCount int = 40
param applicationInsightsConnectionString string
param organiserKeySecretUri string
param sendGridApiKeySecretUri string
@description('Key Vault URI of the optional second organiser key; empty: none.')
param additionalOrganiserKeySecretUri string = ''
@description('Key Vault URI of the key-ring certificate\'s secret; empty: the key ring is stored unencrypted.')
param dataProtectionCertificateSecretUri string = ''
@description('Key Vault URI of the previous key-ring certificate\'s secret (rotation); empty: none.')
param previousDataProtectionCertificateSecretUri string = ''
@description('SendGrid-verified sender address; the app refuses to start without it when a SendGrid API key is set.')
param sendGridFromEmail string = ''
@description('Optional sender display name; empty: unset.')
param sendGridFromName string = ''
@description('SendGrid Signed Event Webhook verification key (Base64 SubjectPublicKeyInfo; public, not a secret). Empty: the webhook answers 401.')
param sendGridWebhookPublicKey string = ''

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: {
    reserved: true // Linux
  }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': 'api' }) // azd deploys the `api` service of azure.yaml here
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      // One-deploy: the package goes to this container, read with the app's identity (the account has no keys).
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: { maximumInstanceCount: maximumInstanceCount, instanceMemoryMB: 2048 }
      // The .NET 10 isolated worker (Flex Consumption sets FUNCTIONS_WORKER_RUNTIME itself from this).
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      http20Enabled: true
      appSettings: [
        // Identity-based host storage (no AzureWebJobsStorage connection string: the account refuses keys).
        { name: 'AzureWebJobsStorage__accountName', value: storageAccountName }
        { name: 'AzureWebJobsStorage__blobServiceUri', value: 'https://${storageAccountName}.blob.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: 'https://${storageAccountName}.queue.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: 'https://${storageAccountName}.table.${environment().suffixes.storage}' }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'AZURE_CLIENT_ID', value: identityClientId }
        { name: 'APPLICATIONINSIGHTS_CONNECTION_STRING', value: applicationInsightsConnectionString }
        { name: 'APPLICATIONINSIGHTS_AUTHENTICATION_STRING', value: 'ClientId=${identityClientId};Authorization=AAD' }
        // Secrets: Key Vault references, resolved by the platform with keyVaultReferenceIdentity.
        { name: 'ExpoMatch__OrganiserKey', value: '@Microsoft.KeyVault(SecretUri=${organiserKeySecretUri})' }
        { name: 'ExpoMatch__OrganiserKeys__0', value: empty(additionalOrganiserKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${additionalOrganiserKeySecretUri})' }
        { name: 'ExpoMatch__Email__SendGrid__ApiKey', value: empty(sendGridApiKeySecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${sendGridApiKeySecretUri})' }
        { name: 'ExpoMatch__DataProtection__KeyEncryptionCertificate', value: empty(dataProtectionCertificateSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${dataProtectionCertificateSecretUri})' }
        { name: 'ExpoMatch__DataProtection__PreviousKeyEncryptionCertificate', value: empty(previousDataProtectionCertificateSecretUri) ? '' : '@Microsoft.KeyVault(SecretUri=${previousDataProtectionCertificateSecretUri})' }
        { name: 'ExpoMatch__Email__SendGrid__FromEmail', value: sendGridFromEmail }
        { name: 'ExpoMatch__Email__SendGrid__FromName', value: sendGridFromName }
        // Schedule emails: the webhook's public verification key and when daily agendas go out (event-local time).
        { name: 'ExpoMatch__Email__SendGrid__EventWebhook__PublicKey', value: sendGridWebhookPublicKey }
        { name: 'ExpoMatch__Email__Schedule__AgendaLocalTime', value: '18:00' }
        { name: 'ExpoMatch__Email__Schedule__SendDailyAgenda', value: 'true' }
        // Trigger binding expressions: [TimerTrigger("%ExpoMatch:Schedules:<Function>%")] (six-field NCRONTAB, UTC)
        // and [QueueTrigger("%ExpoMatch:<Queue>%")]; the host cannot index a function whose setting is missing.
        { name: 'ExpoMatch__Schedules__SendScheduleEmails', value: '0 */15 * * * *' }
        { name: 'ExpoMatch__Schedules__PurgeExpiredIdempotencyKeys', value: '0 30 3 * * *' }
        { name: 'ExpoMatch__Schedules__ErasePersonalData', value: '0 45 3 * * *' }
        // Retention: participants' personal data is erased this many days after an event's last day (0: kept).
        { name: 'ExpoMatch__Retention__PersonalDataDays', value: '90' }
        // Pending work (ADR-004): the dispatcher of work left by its request, and the reconciliation behind it.
        { name: 'ExpoMatch__Schedules__DeliverPendingWork', value: '*/15 * * * * *' }
        { name: 'ExpoMatch__Schedules__ReconcileMeetingRequests', value: '0 */5 * * * *' }
        { name: 'ExpoMatch__PendingWork__DeliverAfter', value: '00:00:05' }
        { name: 'ExpoMatch__PendingWork__AfterCommitTimeout', value: '00:00:10' }
        { name: 'ExpoMatch__PendingWork__ReconcileAfter', value: '00:02:00' }
        { name: 'ExpoMatch__PendingWork__ActiveAfterEnd', value: '2.00:00:00' }
        { name: 'ExpoMatch__PendingWork__FullSweepEvery', value: '01:00:00' }
        { name: 'ExpoMatch__MatchingWorkQueue', value: 'matching-work' }
        { name: 'ExpoMatch__MatchingRunsQueue', value: 'matching-runs' }
        { name: 'ExpoMatch__ScheduleEmailsQueue', value: 'schedule-emails' }
      ]
    }
  }
}

output name string = site.name
output url string = 'https://${site.properties.defaultHostName}'
